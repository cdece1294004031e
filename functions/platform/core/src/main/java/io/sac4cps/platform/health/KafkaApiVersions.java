package io.sac4cps.platform.health;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One Kafka {@code ApiVersions} request and its response on a socket of its own, encoded and parsed
 * by kafka-clients' protocol classes: no client, no threads. Version 3 (Kafka 2.4 and later, MSK's
 * versions) is the first flexible one; a broker that finds it too new still answers, with
 * UNSUPPORTED_VERSION, and that answer counts (it serves).
 */
final class KafkaApiVersions {
  private static final short VERSION = 3;
  private static final int MAX_RESPONSE_BYTES = 1 << 20;

  private final List<String> brokers;
  private final boolean tls;
  private final int timeoutMillis;
  private final AtomicInteger correlation = new AtomicInteger();

  KafkaApiVersions(List<String> brokers, boolean tls, Duration timeout) {
    this.brokers = brokers;
    this.tls = tls;
    this.timeoutMillis = Math.toIntExact(Math.max(1, timeout.toMillis()));
  }

  /** Returns once a broker answered well-formed; throws the last broker's failure otherwise. */
  void exchange() throws IOException {
    IOException last = null;
    for (String broker : brokers) {
      String address = broker.trim().replaceFirst("^[A-Za-z_]+://", "");
      int colon = address.lastIndexOf(':');
      try {
        exchange(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        return;
      } catch (IOException e) {
        last = e;
      }
    }
    throw last == null ? new IOException("no bootstrap broker") : last;
  }

  /**
   * TLS over {@code plain}, the broker's name checked as the client does (endpoint identification
   * https).
   */
  private static SSLSocket tls(Socket plain, String host, int port) throws IOException {
    SSLSocket socket =
        (SSLSocket)
            ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    return socket;
  }

  private void exchange(String host, int port) throws IOException {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), timeoutMillis);
      plain.setSoTimeout(timeoutMillis);
      Socket socket = tls ? tls(plain, host, port) : plain;
      try (socket) {
        RequestHeader header =
            new RequestHeader(
                ApiKeys.API_VERSIONS, VERSION, "sac4cps-health", correlation.incrementAndGet());
        ByteBuffer request =
            new ApiVersionsRequest.Builder().build(VERSION).serializeWithHeader(header);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(request.remaining());
        out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int size = in.readInt();
        if (size <= 0 || size > MAX_RESPONSE_BYTES) {
          throw new IOException(host + ":" + port + " answered a frame of " + size + " bytes");
        }
        byte[] body = new byte[size];
        in.readFully(body);
        AbstractResponse response;
        try {
          response = AbstractResponse.parseResponse(ByteBuffer.wrap(body), header);
        } catch (RuntimeException e) {
          throw new IOException(host + ":" + port + " answered no ApiVersions response", e);
        }
        Errors error = Errors.forCode(((ApiVersionsResponse) response).data().errorCode());
        if (error != Errors.NONE && error != Errors.UNSUPPORTED_VERSION) {
          throw new IOException(host + ":" + port + " answered ApiVersions with " + error);
        }
      }
    }
  }
}
