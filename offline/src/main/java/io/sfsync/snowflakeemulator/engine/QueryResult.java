package io.sfsync.snowflakeemulator.engine;

import java.util.List;

/**
 * The outcome of one statement: its columns and rows as Java values (per {@link ColumnMeta#type()}: fixed as
 * java.math.BigDecimal or Long, real as Double, text as String, boolean as Boolean, date as java.time.LocalDate, time
 * as java.time.LocalTime, timestamp_tz as java.time.OffsetDateTime, timestamp_ltz as java.time.Instant,
 * timestamp_ntz as java.time.LocalDateTime; null for SQL NULL), the statement type id the driver reads to tell a
 * query from DML or DDL (Snowflake's {@code statementTypeId}: SELECT 0x1000, INSERT 0x3100, UPDATE 0x3200, DELETE
 * 0x3300, MERGE 0x3400, COPY 0x3600 ..., DDL 0x6000-range, ALTER SESSION 0x4100; constants in EngineSession),
 * and for PUT/GET the transfer the driver must carry out (null otherwise).
 */
public record QueryResult(String queryId, long statementTypeId, List<ColumnMeta> columns, List<Object[]> rows,
        FileTransfer transfer) {
}
