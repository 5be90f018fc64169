/**
 * The benchmark of issue 6 ({@code rankkeeper bench}): a local shop of realistic product pages
 * in a child JVM ({@code PageServerMain}: a small NIO server writing pre-built responses),
 * real scrape runs through {@code run.Engine} at each latency and concurrency, with CPU, RSS and
 * an independent JDBC check of every stored rank, and the storage part through {@code store}.
 * It measures; it changes nothing in the pipeline.
 */
package io.rankkeeper.bench;
