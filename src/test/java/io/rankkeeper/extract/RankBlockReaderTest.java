package io.rankkeeper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.CategoryRank;
import org.junit.jupiter.api.Test;

class RankBlockReaderTest {

    private static RankBlock block(String html) {
        return RankBlockFinder.cut(html, 0);
    }

    @Test
    void readsTheOlderJapaneseLayoutWithTheCategoryBeforeTheRank() {
        String html = "<li id=\"SalesRank\"><b>Amazon 売れ筋ランキング:</b> 本 - 5,328位 "
                + "(<a href=\"https://www.amazon.co.jp/gp/bestsellers/books/ref=pd_dp_ts_b_1\">本の売れ筋ランキングを見る</a>)"
                + "<ul class=\"zg_hrsr\"><li class=\"zg_hrsr_item\"><span class=\"zg_hrsr_rank\">- 12位</span>"
                + "<span class=\"zg_hrsr_ladder\">─ <a href=\"https://www.amazon.co.jp/gp/bestsellers/books/465392/ref=pd_zg_hrsr_b_1_1\">本</a>"
                + " &gt; <b><a href=\"https://www.amazon.co.jp/gp/bestsellers/books/492352/ref=pd_zg_hrsr_b_1_2_last\">Python</a></b></span></li></ul></li>";

        assertThat(RankBlockReader.read(block(html))).containsExactly(
                new CategoryRank("本", "books", null, 5328, true),
                new CategoryRank("Python", "492352", "本 > Python", 12, false));
    }

    @Test
    void readsAMainRankWhoseLabelIsBareText() {
        String html = "<li>Amazon Best Sellers Rank: #77 in Kindle Store "
                + "(<a href=\"/gp/bestsellers/digital-text/ref=pd_zg_ts_digital-text\">See Top 100 in Kindle Store</a>)</li>";

        assertThat(RankBlockReader.read(block(html)))
                .containsExactly(new CategoryRank("Kindle Store", "digital-text", null, 77, true));
    }

    @Test
    void readsNothingFromABlockWithoutRank() {
        assertThat(RankBlockReader.read(block("<li><span class=\"a-text-bold\">Best Sellers Rank:</span> n/a</li>"))).isNull();
    }
}
