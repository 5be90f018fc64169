package io.rankkeeper.run;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A PostgreSQL server on loopback that asks every client for its password in clear text and
 * refuses it ("password authentication failed", SQLSTATE 28P01), as a server does for a wrong
 * password, and keeps what it was sent, so a test knows the secret really went out. The
 * machine's PostgreSQL trusts every local login, so a real one never refuses. Speaks just enough
 * of the protocol (v3: SSL and GSS requests declined, startup, cleartext password, error).
 */
final class RefusingPostgres implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;
    private static final int AUTHENTICATION_CLEARTEXT = 3;

    private final ServerSocket server;
    private final List<String> passwords = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    RefusingPostgres() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "refusing-postgres");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every password a client sent, in order. */
    List<String> passwordsReceived() {
        return List.copyOf(passwords);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                refuse(client);
            } catch (IOException closedOrBroken) {
                // the next client, or the end
            }
        }
    }

    private void refuse(Socket client) throws IOException {
        client.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(client.getInputStream());
        DataOutputStream out = new DataOutputStream(client.getOutputStream());
        while (true) {
            int length = in.readInt();
            int code = in.readInt();
            if (code == SSL_REQUEST || code == GSS_REQUEST) {
                out.writeByte('N');
                out.flush();
                continue;
            }
            in.skipNBytes(length - 8);
            break;
        }
        out.writeByte('R');
        out.writeInt(8);
        out.writeInt(AUTHENTICATION_CLEARTEXT);
        out.flush();
        if (in.readByte() != 'p') {
            return;
        }
        byte[] message = new byte[in.readInt() - 4];
        in.readFully(message);
        passwords.add(new String(message, 0, message.length - 1, StandardCharsets.UTF_8));
        byte[] fields = fields("SFATAL", "VFATAL", "C28P01", "Mpassword authentication failed for user \"rk\"");
        out.writeByte('E');
        out.writeInt(4 + fields.length);
        out.write(fields);
        out.flush();
        drain(client.getInputStream());
    }

    private static byte[] fields(String... fields) {
        StringBuilder text = new StringBuilder();
        for (String field : fields) {
            text.append(field).append('\0');
        }
        text.append('\0');
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void drain(InputStream in) throws IOException {
        while (in.read() >= 0) {
            // until the client hangs up
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join(5_000);
    }
}
