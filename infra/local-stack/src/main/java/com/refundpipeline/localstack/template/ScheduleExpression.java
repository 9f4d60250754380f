package com.refundpipeline.localstack.template;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression: {@code rate(5 minutes)}, {@code cron(0 9 * * ? *)} or
 * {@code at(2026-12-01T09:00:00)}. Cron has AWS's six fields (minutes hours day-of-month month day-of-week year,
 * day-of-week 1-7 = SUN-SAT, one of the two day fields '?'); the L, W and # forms are refused rather than
 * approximated.
 */
public sealed interface ScheduleExpression {

    /** The first firing strictly after {@code after}, if there is one. */
    Optional<ZonedDateTime> next(ZonedDateTime after);

    static ScheduleExpression parse(String expression) {
        String e = expression.strip();
        Matcher m = Pattern.compile("(rate|cron|at)\\((.*)\\)", Pattern.DOTALL).matcher(e);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + expression + "' is not rate(...), cron(...) or at(...)");
        }
        return switch (m.group(1)) {
            case "rate" -> Rate.parse(m.group(2).strip());
            case "cron" -> Cron.parse(m.group(2).strip());
            default -> At.parse(m.group(2).strip());
        };
    }

    /** rate(value unit). Fires one period after the schedule starts, then every period. */
    record Rate(Duration period) implements ScheduleExpression {
        static Rate parse(String body) {
            Matcher m = Pattern.compile("(\\d+)\\s+(minute|minutes|hour|hours|day|days)")
                    .matcher(body);
            if (!m.matches()) {
                throw new IllegalArgumentException("rate(" + body + ") is not 'rate(N minutes|hours|days)'");
            }
            long n = Long.parseLong(m.group(1));
            if (n < 1) {
                throw new IllegalArgumentException("rate(" + body + ") must be at least 1");
            }
            ChronoUnit unit = switch (m.group(2)) {
                case "minute", "minutes" -> ChronoUnit.MINUTES;
                case "hour", "hours" -> ChronoUnit.HOURS;
                default -> ChronoUnit.DAYS;
            };
            return new Rate(Duration.of(n, unit));
        }

        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after) {
            return Optional.of(after.plus(period));
        }
    }

    /** at(yyyy-mm-ddThh:mm:ss): once, in the schedule's time zone. */
    record At(LocalDateTime when) implements ScheduleExpression {
        static At parse(String body) {
            try {
                return new At(LocalDateTime.parse(body));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("at(" + body + ") is not at(yyyy-mm-ddThh:mm:ss)");
            }
        }

        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after) {
            ZonedDateTime at = when.atZone(after.getZone());
            return at.isAfter(after) ? Optional.of(at) : Optional.empty();
        }
    }

    /** cron(minutes hours day-of-month month day-of-week year). */
    record Cron(
            BitSet minutes,
            BitSet hours,
            BitSet daysOfMonth,
            BitSet months,
            BitSet daysOfWeek,
            BitSet years,
            boolean anyDayOfMonth,
            boolean anyDayOfWeek)
            implements ScheduleExpression {

        private static final List<String> MONTHS =
                List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
        private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

        static Cron parse(String body) {
            String[] f = body.split("\\s+");
            if (f.length != 6) {
                throw new IllegalArgumentException(
                        "cron(" + body + ") needs 6 fields: minutes hours day-of-month" + " month day-of-week year");
            }
            boolean qDom = f[2].equals("?");
            boolean qDow = f[4].equals("?");
            if (qDom == qDow) {
                throw new IllegalArgumentException(
                        "cron(" + body + "): exactly one of day-of-month and day-of-week" + " must be '?'");
            }
            return new Cron(
                    field(f[0], 0, 59, List.of(), "minutes"),
                    field(f[1], 0, 23, List.of(), "hours"),
                    qDom ? all(1, 31) : field(f[2], 1, 31, List.of(), "day-of-month"),
                    field(f[3], 1, 12, MONTHS, "month"),
                    qDow ? all(1, 7) : field(f[4], 1, 7, DAYS, "day-of-week"),
                    field(f[5], 1970, 2199, List.of(), "year"),
                    qDom || f[2].equals("*"),
                    qDow || f[4].equals("*"));
        }

        private static BitSet all(int min, int max) {
            BitSet set = new BitSet();
            set.set(min, max + 1);
            return set;
        }

        private static BitSet field(String text, int min, int max, List<String> names, String what) {
            BitSet set = new BitSet();
            for (String part : text.split(",")) {
                if (part.matches(".*[LW#].*") && !names.contains(part.toUpperCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(
                            what + " '" + part + "': the L, W and # forms are not supported locally");
                }
                int step = 1;
                String range = part;
                int slash = part.indexOf('/');
                if (slash >= 0) {
                    step = number(part.substring(slash + 1), 1, Integer.MAX_VALUE, List.of(), what);
                    range = part.substring(0, slash);
                }
                int from;
                int to;
                if (range.equals("*")) {
                    from = min;
                    to = max;
                } else if (range.contains("-")) {
                    String[] ends = range.split("-", 2);
                    from = number(ends[0], min, max, names, what);
                    to = number(ends[1], min, max, names, what);
                } else {
                    from = number(range, min, max, names, what);
                    to = slash >= 0 ? max : from;
                }
                if (from > to) {
                    throw new IllegalArgumentException(what + " '" + part + "' is an empty range");
                }
                for (int v = from; v <= to; v += step) {
                    set.set(v);
                }
            }
            return set;
        }

        private static int number(String text, int min, int max, List<String> names, String what) {
            int named = names.indexOf(text.toUpperCase(Locale.ROOT));
            if (named >= 0) {
                return named + 1;
            }
            try {
                int v = Integer.parseInt(text);
                if (v < min || v > max) {
                    throw new IllegalArgumentException(what + " " + v + " is outside " + min + "-" + max);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " '" + text + "' is not a number");
            }
        }

        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after) {
            ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            ZonedDateTime limit = t.plusYears(5);
            while (t.isBefore(limit)) {
                if (!years.get(t.getYear())) {
                    t = t.plusYears(1).withDayOfYear(1).truncatedTo(ChronoUnit.DAYS);
                    continue;
                }
                if (!months.get(t.getMonthValue())) {
                    t = t.plusMonths(1).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
                    continue;
                }
                if (!dayMatches(t)) {
                    t = t.plusDays(1).truncatedTo(ChronoUnit.DAYS);
                    continue;
                }
                if (!hours.get(t.getHour())) {
                    t = t.plusHours(1).truncatedTo(ChronoUnit.HOURS);
                    continue;
                }
                if (!minutes.get(t.getMinute())) {
                    t = t.plusMinutes(1);
                    continue;
                }
                return Optional.of(t);
            }
            return Optional.empty();
        }

        private boolean dayMatches(ZonedDateTime t) {
            int dayOfWeek = t.getDayOfWeek().getValue() % 7 + 1; // java MON=1..SUN=7 -> AWS SUN=1..SAT=7
            boolean dom = daysOfMonth.get(t.getDayOfMonth());
            boolean dow = daysOfWeek.get(dayOfWeek);
            if (anyDayOfMonth) {
                return dow;
            }
            if (anyDayOfWeek) {
                return dom;
            }
            return dom && dow;
        }
    }

    /** The zone a schedule's times are in: ScheduleExpressionTimezone, or UTC. */
    static ZoneId zone(String timezone) {
        return timezone == null ? ZoneId.of("UTC") : ZoneId.of(timezone);
    }
}
