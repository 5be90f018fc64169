package io.rankkeeper.store;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.h2.command.Command;
import org.h2.command.CommandInterface;
import org.h2.command.CommandRemote;
import org.h2.jdbc.JdbcPreparedStatement;

/**
 * Runs one statement typed by a user so that it cannot change anything, by the database's own
 * means, checked in this order (each refusal happens before the statement runs):
 * <ol>
 * <li>a lexical check ({@link SqlScanner}) for a clear message: it must start like a query, and
 * forms that the databases count as read-only but are not are denied;</li>
 * <li>H2: H2's own parser classifies the prepared command ({@code isQuery() && isReadOnly()}),
 * which refuses DML, DDL, SET, SCRIPT, BACKUP, RUNSCRIPT, SHUTDOWN, several statements, and
 * queries calling functions that write (sequences, CSVWRITE, FILE_WRITE, ABORT_SESSION).
 * H2 ignores {@code Connection.setReadOnly}, so this is what makes H2 read-only;</li>
 * <li>PostgreSQL: the driver's own statement splitter must see exactly one statement, the
 * statement runs in a {@code READ ONLY} transaction (enforced by the server: no writes, no
 * {@code nextval}, no DDL) and must describe a result before it is executed (which refuses
 * {@code COPY ... TO} a file, {@code SET}, {@code CALL});</li>
 * <li>on both, the transaction is always rolled back, so anything transactional that got
 * through is undone.</li>
 * </ol>
 * Stateless; each call uses its own connection.
 */
final class ReadOnlySql {

    /** The words a query may start with; anything else is refused with a clear message. */
    static final Set<String> QUERY_STARTS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "EXPLAIN", "SHOW", "(");

    /**
     * PostgreSQL functions that a read-only transaction allows but that act outside the data:
     * on files, on other sessions, on the server. Only superusers (or granted roles) can call
     * them; refused by name as an extra layer. Connect with a role that is not a superuser for
     * the full guarantee.
     */
    static final Set<String> POSTGRESQL_SIDE_EFFECT_FUNCTIONS = Set.of("PG_TERMINATE_BACKEND", "PG_CANCEL_BACKEND",
            "LO_EXPORT", "LO_IMPORT", "PG_RELOAD_CONF", "PG_ROTATE_LOGFILE", "PG_SWITCH_WAL",
            "PG_CREATE_RESTORE_POINT", "PG_PROMOTE", "PG_FILE_WRITE", "PG_FILE_RENAME", "PG_FILE_UNLINK",
            "DBLINK", "DBLINK_EXEC", "DBLINK_CONNECT", "DBLINK_SEND_QUERY", "PG_LOGICAL_EMIT_MESSAGE");

    /** SQLSTATE of a write attempted in a read-only transaction (PostgreSQL: read_only_sql_transaction). */
    static final String READ_ONLY_TRANSACTION_VIOLATION = "25006";

    private ReadOnlySql() {
    }

    /** Runs {@code sql} and hands its rows to {@code sink}; returns the number of rows handed over. */
    static long run(DataSource dataSource, Vendor vendor, String sql, int fetchSize, QueryRows sink) {
        String statement = sql == null ? "" : sql.strip();
        checkWords(statement, vendor);
        return runCheckedByDatabase(dataSource, vendor, statement, fetchSize, sink);
    }

    /** Only the database's own checks and the rollback, without the lexical layer: tests prove they hold alone. */
    static long runCheckedByDatabase(DataSource dataSource, Vendor vendor, String statement, int fetchSize,
            QueryRows sink) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException("Cannot get a database connection: " + e.getMessage(), e);
        }
        try (connection) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                return runInTransaction(connection, vendor, statement, fetchSize, sink);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            if (READ_ONLY_TRANSACTION_VIOLATION.equals(e.getSQLState())) {
                throw new SqlRejectedException("Refused (sql is read-only): the read-only transaction stopped it ("
                        + e.getMessage() + "); it was rolled back, nothing changed. Statement: " + abbreviated(statement), e);
            }
            throw new SqlRejectedException("The database refused the statement: "
                    + String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\n\\s*", " "), e);
        }
    }

    private static long runInTransaction(Connection connection, Vendor vendor, String statement, int fetchSize,
            QueryRows sink) throws SQLException {
        if (vendor == Vendor.POSTGRESQL) {
            checkSinglePostgresqlStatement(statement);
            beginReadOnlyTransaction(connection);
        }
        try (PreparedStatement prepared = connection.prepareStatement(statement, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            if (vendor == Vendor.H2) {
                checkH2ReadOnlyQuery(prepared, statement);
            } else if (prepared.getMetaData() == null) {
                throw refused(statement, "it returns no rows, so it is not a query");
            }
            prepared.setFetchSize(fetchSize);
            try (ResultSet rows = prepared.executeQuery()) {
                return stream(rows, vendor, sink);
            }
        }
    }

    static void checkWords(String statement, Vendor vendor) {
        List<String> words = SqlScanner.words(statement);
        if (words.isEmpty()) {
            throw new SqlRejectedException("No SQL statement given: pass one query, e.g. \"SELECT * FROM rank_history\".");
        }
        if (!QUERY_STARTS.contains(words.get(0))) {
            throw refused(statement, words.get(0) + " is not a query; only SELECT, WITH, VALUES, TABLE, EXPLAIN and"
                    + " SHOW are run");
        }
        int last = words.size() - 1;
        while (last > 0 && words.get(last).equals(";")) {
            last--;
        }
        for (int index = 0; index <= last; index++) {
            String word = words.get(index);
            if (word.equals(";")) {
                throw refused(statement, "it holds several statements; run one query at a time");
            }
            boolean deltaTable = (word.equals("FINAL") || word.equals("NEW") || word.equals("OLD"))
                    && index + 2 <= last && words.get(index + 1).equals("TABLE") && words.get(index + 2).equals("(");
            if (deltaTable) {
                throw refused(statement, word + " TABLE (...) runs an INSERT, UPDATE or MERGE");
            }
            if (vendor == Vendor.POSTGRESQL && POSTGRESQL_SIDE_EFFECT_FUNCTIONS.contains(word)) {
                throw refused(statement, word.toLowerCase(java.util.Locale.ROOT) + "() acts outside the data");
            }
        }
    }

    /** pgjdbc splits a string into statements itself and would send them all: it must see exactly one. */
    private static void checkSinglePostgresqlStatement(String statement) throws SQLException {
        for (boolean standardConformingStrings : new boolean[] {true, false}) {
            int statements = org.postgresql.core.Parser.parseJdbcSql(statement, standardConformingStrings, true,
                    true, false, false).size();
            if (statements != 1) {
                throw refused(statement, "it holds several statements; run one query at a time");
            }
        }
    }

    private static void beginReadOnlyTransaction(Connection connection) throws SQLException {
        try (Statement setup = connection.createStatement()) {
            // explicit, so that a URL with readOnlyMode=ignore cannot turn the guarantee off
            setup.execute("SET TRANSACTION READ ONLY");
            try (ResultSet readOnly = setup.executeQuery("SHOW transaction_read_only")) {
                if (!readOnly.next() || !"on".equalsIgnoreCase(readOnly.getString(1))) {
                    throw new SqlRejectedException("Refused: PostgreSQL did not start a read-only transaction.");
                }
            }
        }
    }

    /** H2's own classification of the parsed command, local or through the automatic server. */
    private static void checkH2ReadOnlyQuery(PreparedStatement prepared, String statement) throws SQLException {
        Object command = h2Command(prepared);
        boolean query;
        boolean readOnly;
        try {
            if (command instanceof Command local) {
                query = local.isQuery();
                readOnly = local.isReadOnly();
            } else if (command instanceof CommandRemote remote) {
                query = remote.isQuery();
                readOnly = booleanField(CommandRemote.class, "readonly", remote);
            } else {
                throw cannotVerify(statement, null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof SqlRejectedException rejected) {
                throw rejected;
            }
            throw cannotVerify(statement, e);
        }
        if (!query) {
            throw refused(statement, "it is not a query");
        }
        if (!readOnly) {
            throw refused(statement, "H2 reports that it would change the database or files (a write, a sequence,"
                    + " a function with side effects, SCRIPT, or several statements)");
        }
    }

    private static Object h2Command(PreparedStatement prepared) throws SQLException {
        JdbcPreparedStatement h2 = prepared.unwrap(JdbcPreparedStatement.class);
        try {
            Field field = JdbcPreparedStatement.class.getDeclaredField("command");
            field.setAccessible(true);
            return (CommandInterface) field.get(h2);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw cannotVerify(prepared.toString(), e);
        }
    }

    private static boolean booleanField(Class<?> type, String name, Object target) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.getBoolean(target);
    }

    private static SqlRejectedException cannotVerify(String statement, Exception cause) {
        return new SqlRejectedException("Refused: cannot verify with this H2 version that the statement is read-only"
                + " (H2 internals changed), so it was not run: " + statement, cause);
    }

    private static SqlRejectedException refused(String statement, String why) {
        return new SqlRejectedException("Refused (sql is read-only): " + why + ". Nothing was run or changed. Statement: "
                + abbreviated(statement));
    }

    private static String abbreviated(String statement) {
        String line = statement.replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }

    /**
     * H2 folds unquoted names to upper case, PostgreSQL to lower case: the same query gets the
     * same labels on both (target_key, as in the schema docs). A label with any lower-case letter
     * was quoted on purpose and stays as it is.
     */
    static String lowerIfFolded(String label) {
        return label.equals(label.toUpperCase(java.util.Locale.ROOT)) ? label.toLowerCase(java.util.Locale.ROOT) : label;
    }

    private static long stream(ResultSet rows, Vendor vendor, QueryRows sink) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int count = meta.getColumnCount();
        List<String> labels = new ArrayList<>(count);
        int[] types = new int[count];
        String[] typeNames = new String[count];
        for (int column = 1; column <= count; column++) {
            labels.add(vendor == Vendor.H2 ? lowerIfFolded(meta.getColumnLabel(column)) : meta.getColumnLabel(column));
            types[column - 1] = meta.getColumnType(column);
            typeNames[column - 1] = meta.getColumnTypeName(column);
        }
        sink.columns(List.copyOf(labels));
        long read = 0;
        while (rows.next()) {
            List<Object> values = new ArrayList<>(count);
            for (int column = 1; column <= count; column++) {
                values.add(value(rows, column, types[column - 1], typeNames[column - 1]));
            }
            read++;
            if (!sink.row(values)) {
                break;
            }
        }
        return read;
    }

    static Object value(ResultSet rows, int column, int type, String typeName) throws SQLException {
        boolean withTimeZone = type == Types.TIMESTAMP_WITH_TIMEZONE
                || (type == Types.TIMESTAMP && "timestamptz".equalsIgnoreCase(typeName));
        if (withTimeZone) {
            OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
            return time == null ? null : time.toInstant();
        }
        Object value = rows.getObject(column);
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof java.sql.Array array) {
            Object elements = array.getArray();
            return elements instanceof Object[] objects ? Arrays.deepToString(objects) : String.valueOf(elements);
        }
        if (value instanceof java.sql.Clob clob) {
            return clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
        }
        if (value instanceof byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
        return value.toString();
    }
}
