/**
 * Writing tables out as files: RFC 4180 CSV, optionally gzip-compressed, that appear under their
 * final name only when complete. Depends on nothing of rankkeeper but {@code model}.
 */
package io.rankkeeper.export;
