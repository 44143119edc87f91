package io.sfsync.emulator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Open cursors are limited per user: a user's eleventh releases that user's oldest, and no one else's. */
class CursorsTest {
    @Test
    void shouldReleaseTheOldestCursorOfTheSameUserOnlyWhenTheEleventhOpens() {
        Cursors cursors = new Cursors();
        String other = cursors.open("005B", null, 2000, false).id();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            mine.add(cursors.open("005A", null, 2000, false).id());
        }
        assertThat(mine).allSatisfy(id -> assertThat(cursors.get(id)).isNotNull());

        String eleventh = cursors.open("005A", null, 2000, false).id();

        assertThat(cursors.get(mine.get(0))).as("the oldest of 005A's cursors is released").isNull();
        assertThat(cursors.get(mine.get(1))).isNotNull();
        assertThat(cursors.get(eleventh)).isNotNull();
        assertThat(cursors.get(other)).as("another user's cursor stays open").isNotNull();
        assertThat(cursors.size()).isEqualTo(11);
    }

    @Test
    void shouldKeepEveryCursorWhenTheLimitIsLifted() {
        Cursors cursors = new Cursors(0);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add(cursors.open("005A", null, 2000, false).id());
        }
        assertThat(ids).allSatisfy(id -> assertThat(cursors.get(id)).isNotNull());
    }

    @Test
    void shouldForgetAClosedCursorAndFreeItsPlace() {
        Cursors cursors = new Cursors(2);
        String a = cursors.open("005A", null, 2000, false).id();
        String b = cursors.open("005A", null, 2000, false).id();
        cursors.close(a);
        String c = cursors.open("005A", null, 2000, false).id();
        assertThat(cursors.get(a)).isNull();
        assertThat(cursors.get(b)).as("closing one made room: nothing else released").isNotNull();
        assertThat(cursors.get(c)).isNotNull();
    }
}
