package com.anomalywatcher.mqtt;

import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A test subscriber's callback: hands each message (its topic and the message) to {@code arrived}
 * and ignores the client's other events. Paho 1.2.5's subscribe(topic, qos, listener) recurses
 * forever, so a test subscribes with a callback like this one instead.
 */
public record OnMessage(BiConsumer<String, MqttMessage> arrived) implements MqttCallback {
  @Override
  public void messageArrived(String topic, MqttMessage message) {
    arrived.accept(topic, message);
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {}

  @Override
  public void mqttErrorOccurred(MqttException exception) {}

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
