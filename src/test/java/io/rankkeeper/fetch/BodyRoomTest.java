package io.rankkeeper.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The room for bodies on its own: who reads, who waits, and when a waiting read runs. */
class BodyRoomTest {

    private final List<String> reads = new ArrayList<>();
    private final BodyRoom room = new BodyRoom(2, Runnable::run);

    private static PageHold page() {
        return new PageHold(null, null); // only the room's fields are used here
    }

    private Runnable read(String name) {
        return () -> reads.add(name);
    }

    @Test
    void readsAtOnceWhileThereIsRoomThenInTurnAsRoomComesBack() {
        PageHold first = page();
        PageHold second = page();
        PageHold third = page();
        PageHold fourth = page();

        room.whenRoom(first, read("first"));
        room.whenRoom(second, read("second"));
        room.whenRoom(third, read("third"));
        room.whenRoom(fourth, read("fourth"));
        assertThat(reads).containsExactly("first", "second");
        assertThat(room.held()).isEqualTo(2);

        // A page that holds room reads its next pieces at once.
        room.whenRoom(first, read("first again"));
        assertThat(reads).containsExactly("first", "second", "first again");

        room.release(first);
        assertThat(reads).containsExactly("first", "second", "first again", "third");
        room.release(first); // a second release changes nothing
        assertThat(room.held()).isEqualTo(2);

        room.pageDone(second);
        assertThat(reads).endsWith("fourth");
        room.pageDone(third);
        room.pageDone(fourth);
        assertThat(room.held()).isZero();
    }

    @Test
    void aPageDoneWhileItsAnswerWaitsReadsWithoutTakingRoom() {
        PageHold holder = page();
        PageHold other = page();
        PageHold givenUp = page();
        room.whenRoom(holder, read("holder"));
        room.whenRoom(other, read("other"));
        room.whenRoom(givenUp, read("given up"));
        assertThat(reads).containsExactly("holder", "other");

        room.pageDone(givenUp);
        assertThat(reads).containsExactly("holder", "other", "given up");
        assertThat(room.held()).isEqualTo(2);
        // A late answer of a page that is done takes no room either.
        room.whenRoom(givenUp, read("late"));
        assertThat(reads).endsWith("late");
        assertThat(room.held()).isEqualTo(2);
    }

    @Test
    void closingReadsEveryWaitingAnswerAndLaterOnesAtOnce() {
        room.whenRoom(page(), read("one"));
        room.whenRoom(page(), read("two"));
        room.whenRoom(page(), read("three"));
        assertThat(reads).containsExactly("one", "two");

        room.close();
        room.whenRoom(page(), read("four"));
        assertThat(reads).containsExactly("one", "two", "three", "four");
    }
}
