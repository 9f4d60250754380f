package com.refundpipeline.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/**.md points at a file or directory that exists, and a link's
 * {@code #anchor} into a Markdown file names one of its headings (as GitHub makes anchors of them).
 */
class DocLinksTest {

    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Map<Path, Set<String>> anchors = new HashMap<>();

    @Test
    void everyRelativeLinkPointsAtSomethingThatExists() throws IOException {
        Path root = RepositoryFiles.root();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            for (String target : links(Files.readString(page, StandardCharsets.UTF_8))) {
                if (SCHEME.matcher(target).find()) {
                    continue;
                }
                checked++;
                String problem = problem(page, target);
                if (problem != null) {
                    broken.add(root.relativize(page) + ": (" + target + ") " + problem);
                }
            }
        }
        assertTrue(checked > 20, "only " + checked + " relative links found: is the link pattern still right?");
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertEquals("settlement-webhooks-payout-webhook", slug("Settlement webhooks (`payout-webhook`)"));
        assertEquals("dead-letter-queue-not-empty", slug("Dead-letter queue not empty"));
        assertEquals("layout-and-where-to-start-reading", slug("Layout, and where to start reading"));
    }

    private String problem(Path page, String target) {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null
                && resolved.toString().endsWith(".md")
                && !anchorsOf(resolved).contains(anchor)) {
            return "no heading for #" + anchor + " in " + resolved.getFileName();
        }
        return null;
    }

    /** Link targets outside fenced code blocks and inline code. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll("``"));
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    private Set<String> anchorsOf(Path markdownFile) {
        return anchors.computeIfAbsent(markdownFile, file -> {
            Set<String> found = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean fenced = false;
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.strip().startsWith("```")) {
                        fenced = !fenced;
                    } else if (!fenced && line.matches("#{1,6} .*")) {
                        String base = slug(line.replaceFirst("^#+ ", ""));
                        int n = seen.merge(base, 1, Integer::sum) - 1;
                        found.add(n == 0 ? base : base + "-" + n);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return found;
        });
    }

    static String slug(String heading) {
        return heading.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }
}
