/**
 * Reading ranks from fetched pages: {@link io.rankkeeper.extract.Extractors#create} gives the
 * {@link io.rankkeeper.extract.Extractor} for a group's spec ("amazon" product pages,
 * "amazon-list" best-sellers lists, "css" for any site). Extractors are pure and never throw on
 * a page; every expected failure is an {@link io.rankkeeper.model.Outcome} in the
 * {@link io.rankkeeper.extract.Extraction}. The Amazon extractors never parse a whole page:
 * they find their block with {@code indexOf} and read only that block.
 */
package io.rankkeeper.extract;
