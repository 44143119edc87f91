package io.sfsync.sync;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Another process that has a DuckDB file open for writing, as a second sfsync or a DuckDB shell would: prints
 * {@code holding} once the file is open and keeps it until its standard input closes.
 */
public final class DuckDbFileHolder {
    private DuckDbFileHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS held (x INTEGER)");
            System.out.println("holding");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes our standard input
            }
        }
        System.out.write("released\n".getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }
}
