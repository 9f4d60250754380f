package com.refundpipeline.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.refundpipeline.domain.CaseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle drawn in docs/lifecycle-and-policy.md is the one {@link CaseStatus} enforces: its table of allowed
 * moves (between the {@code lifecycle-moves} markers) must list every move {@link CaseStatus#canMoveTo} allows, and
 * nothing else.
 */
class LifecycleDocTest {

    static final String DOC = "docs/lifecycle-and-policy.md";
    static final String START = "<!-- lifecycle-moves:start -->";
    static final String END = "<!-- lifecycle-moves:end -->";

    @Test
    void theDocumentedMovesAreExactlyTheMovesCaseStatusAllows() throws IOException {
        Map<CaseStatus, Set<CaseStatus>> documented =
                documentedMoves(Files.readString(RepositoryFiles.root().resolve(DOC), StandardCharsets.UTF_8));

        assertEquals(
                EnumSet.allOf(CaseStatus.class),
                documented.keySet(),
                DOC + ": the table of allowed moves needs one row per status, terminal ones with (none)");
        Set<String> notAllowed = new TreeSet<>();
        Set<String> missing = new TreeSet<>();
        for (CaseStatus from : CaseStatus.values()) {
            for (CaseStatus to : CaseStatus.values()) {
                boolean inDoc = documented.get(from).contains(to);
                if (inDoc && !from.canMoveTo(to)) {
                    notAllowed.add(from.wire() + " -> " + to.wire());
                }
                if (!inDoc && from.canMoveTo(to)) {
                    missing.add(from.wire() + " -> " + to.wire());
                }
            }
        }
        List<String> problems = new ArrayList<>();
        if (!notAllowed.isEmpty()) {
            problems.add("in " + DOC + " but not allowed by CaseStatus.canMoveTo: " + notAllowed);
        }
        if (!missing.isEmpty()) {
            problems.add("allowed by CaseStatus.canMoveTo but missing from " + DOC + ": " + missing);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theTableReaderRefusesWhatItCannotRead() {
        String table = START + "\n| from | to |\n|---|---|\n| `received` | `approved`, `shipped` |\n" + END;
        try {
            documentedMoves(table);
            fail("an unknown status must be refused");
        } catch (AssertionError expected) {
            assertTrue(expected.getMessage().contains("shipped"), expected.getMessage());
        }
    }

    /** Rows {@code | `from` | `to`, `to` |} between the markers; {@code (none)} for a status with no way out. */
    static Map<CaseStatus, Set<CaseStatus>> documentedMoves(String markdown) {
        int start = markdown.indexOf(START);
        int end = markdown.indexOf(END);
        assertTrue(start >= 0 && end > start, DOC + " must hold the table between " + START + " and " + END);
        Map<CaseStatus, Set<CaseStatus>> moves = new EnumMap<>(CaseStatus.class);
        for (String line : markdown.substring(start + START.length(), end).split("\n")) {
            String row = line.strip();
            if (!row.startsWith("|") || row.matches("\\|\\s*from\\s*\\|\\s*to\\s*\\|") || row.matches("[|\\s:-]+")) {
                continue;
            }
            String[] cells = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length())
                    .split("\\|");
            assertEquals(2, cells.length, DOC + ": a row needs two cells, from and to: " + row);
            CaseStatus from = status(cells[0], row);
            Set<CaseStatus> to = EnumSet.noneOf(CaseStatus.class);
            String targets = cells[1].strip();
            if (!targets.equals("(none)")) {
                for (String target : targets.split(",")) {
                    to.add(status(target, row));
                }
            }
            if (moves.put(from, to) != null) {
                fail(DOC + ": two rows for " + from.wire());
            }
        }
        return moves;
    }

    private static CaseStatus status(String cell, String row) {
        String name = cell.strip().replace("`", "");
        return CaseStatus.parse(name)
                .orElseThrow(() -> new AssertionError(DOC + ": '" + name + "' is not a CaseStatus (row: " + row + ")"));
    }
}
