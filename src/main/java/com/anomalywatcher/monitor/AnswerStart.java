package com.anomalywatcher.monitor;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The first bytes of a receiver's answer, as text: complete once it has {@code limit} bytes (then it
 * cancels the rest) or the answer ends. With a limit of 0 it completes at once, so a 2xx answer is
 * taken on its status alone whatever its body does. Unlike an input stream read after the headers,
 * which the request's timeout no longer covers, it is a part of the exchange a caller can bound
 * (an answer that says 503 and then never ends held the sink's delivery thread for good). Used by
 * one exchange on the HTTP client's threads.
 */
final class AnswerStart implements HttpResponse.BodySubscriber<String> {
  private final CompletableFuture<String> text = new CompletableFuture<>();
  private final byte[] bytes;
  private int length;
  private Flow.Subscription subscription;

  /** An answer read up to {@code limit} bytes ({@code limit} >= 0). */
  AnswerStart(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    this.bytes = new byte[limit];
  }

  @Override
  public CompletionStage<String> getBody() {
    return text;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (bytes.length == 0) {
      finish();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer b : buffers) {
      int n = Math.min(b.remaining(), bytes.length - length);
      b.get(bytes, length, n);
      length += n;
    }
    if (length == bytes.length) {
      finish();
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onError(Throwable failure) {
    text.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    text.complete(new String(bytes, 0, length, StandardCharsets.UTF_8));
  }

  private void finish() {
    subscription.cancel();
    onComplete();
  }
}
