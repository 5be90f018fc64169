package io.rankkeeper.store;

import java.sql.Connection;
import java.sql.DriverManager;
import org.h2.store.fs.FilePath;

/**
 * Test helper run in a child JVM: opens the H2 database named by its argument, prints "open"
 * and keeps it open until its standard input closes. Stands in for a running daemon.
 */
public final class HoldH2Open {

    private HoldH2Open() {
    }

    public static void main(String[] args) throws Exception {
        // As H2Urls does in every rankkeeper JVM: a URL made by H2Urls.effective names rkfile:, which
        // H2 would otherwise take for a relative path and create a new database under it.
        FilePath.register(new UninterruptibleFilePath());
        try (Connection connection = DriverManager.getConnection(args[0])) {
            connection.createStatement().execute("SELECT 1");
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
    }
}
