package com.refundpipeline.nativecheck;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The second half of {@code make native-sources}: after Quarkus's native build has written the jar native-image
 * would compile (with its META-INF/native-image/reflect-config.json), checks that every class of ours that Jackson
 * reads or writes is registered for reflection, since a native image knows no other class's constructors, fields
 * or methods and Jackson then fails at run time, not at build time.
 *
 * <p>
 * Which classes Jackson handles is read from the compiled code (JDK 24+ class-file API): every class literal of
 * ours in a method that calls Jackson's ObjectMapper/ObjectReader/ObjectWriter or the product's Json/JsonBodies
 * helpers, every parameter and return type of a Funqy function, and from those, every class of ours their fields
 * hold (type arguments included), transitively. Exit status 1 names each one missing from the configuration.
 */
public final class NativeSourcesCheck {

    private static final String OURS = "com/refundpipeline/";
    private static final Set<String> JACKSON_OWNERS = Set.of("com/fasterxml/jackson/databind/ObjectMapper",
            "com/fasterxml/jackson/databind/ObjectReader", "com/fasterxml/jackson/databind/ObjectWriter",
            "com/fasterxml/jackson/databind/json/JsonMapper", "com/refundpipeline/json/Json",
            "com/refundpipeline/http/JsonBodies");
    private static final String FUNQ = "Lio/quarkus/funqy/Funq;";
    private static final Pattern OUR_TYPE = Pattern.compile("L(com/refundpipeline/[\\w/$]+)[;<]");

    private NativeSourcesCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "functions/target");
        Path classes = target.resolve("classes");
        Path sourceJar;
        try (Stream<Path> dirs = Files.list(target)) {
            sourceJar = dirs.filter(d -> d.getFileName().toString().endsWith("-native-image-source-jar"))
                    .flatMap(NativeSourcesCheck::runnerJars).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-native-image-source-jar/*-runner.jar under "
                            + target + ": run the native build first (make native-sources)"));
        }
        String config;
        try (ZipFile jar = new ZipFile(sourceJar.toFile())) {
            var entry = jar.getEntry("META-INF/native-image/reflect-config.json");
            if (entry == null) {
                throw new IllegalStateException(sourceJar + " has no META-INF/native-image/reflect-config.json");
            }
            try (InputStream in = jar.getInputStream(entry)) {
                config = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        Set<String> registered = registered(config);

        Map<String, ClassModel> ours = new HashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                ClassModel model = ClassFile.of().parse(Files.readAllBytes(f));
                ours.put(model.thisClass().asInternalName(), model);
            }
        }
        Map<String, String> needed = new TreeMap<>(); // class -> why
        for (ClassModel model : ours.values()) {
            for (MethodModel method : model.methods()) {
                String where = model.thisClass().asInternalName() + "." + method.methodName().stringValue();
                boolean funq = method.findAttribute(Attributes.runtimeVisibleAnnotations()).stream()
                        .flatMap(a -> a.annotations().stream())
                        .anyMatch(a -> a.className().stringValue().equals(FUNQ));
                if (funq) {
                    ourTypes(method.methodType().stringValue() + signature(method))
                            .forEach(t -> needed.putIfAbsent(t, "Funqy function " + where));
                }
                method.code().ifPresent(code -> jsonLiterals(code, ours)
                        .forEach(t -> needed.putIfAbsent(t, "read or written as JSON in " + where)));
            }
        }
        // What the JSON types hold is JSON too.
        Deque<String> work = new ArrayDeque<>(needed.keySet());
        while (!work.isEmpty()) {
            String type = work.pop();
            ClassModel model = ours.get(type);
            if (model == null) {
                continue;
            }
            for (FieldModel field : model.fields()) {
                if ((field.flags().flagsMask() & ClassFile.ACC_STATIC) != 0) {
                    continue;
                }
                String descriptor = field.fieldType().stringValue() + field.findAttribute(Attributes.signature())
                        .map(s -> s.signature().stringValue()).orElse("");
                for (String held : ourTypes(descriptor)) {
                    if (needed.putIfAbsent(held, "held by " + type) == null) {
                        work.push(held);
                    }
                }
            }
        }
        needed.keySet().removeIf(t -> !ours.containsKey(t) || isInterfaceOrAbstract(ours.get(t)));

        Set<String> missing = new TreeSet<>();
        needed.forEach((type, why) -> {
            if (!registered.contains(type.replace('/', '.'))) {
                missing.add(type.replace('/', '.') + "  (" + why + ")");
            }
        });
        System.out.printf("native-sources check: %d classes of ours are read or written as JSON; %d registered for"
                + " reflection in %s%n", needed.size(), needed.size() - missing.size(), sourceJar.getFileName());
        if (!missing.isEmpty()) {
            System.out.println("Not registered for reflection (add @RegisterForReflection), so Jackson would fail on"
                    + " them in the native executable:");
            missing.forEach(m -> System.out.println("  " + m));
            System.exit(1);
        }
    }

    private static Stream<Path> runnerJars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    /** Classes the configuration opens to reflection: their constructors and their methods or fields. */
    static Set<String> registered(String reflectConfig) {
        Set<String> names = new TreeSet<>();
        // One JSON object per class; a flat scan is enough for this file's shape (no nested objects with names).
        Matcher entry = Pattern.compile("\\{[^{}]*\"name\"\\s*:\\s*\"([^\"]+)\"[^{}]*}").matcher(reflectConfig);
        while (entry.find()) {
            String body = entry.group();
            boolean constructors = body.contains("\"allDeclaredConstructors\":true")
                    || body.contains("\"allPublicConstructors\":true") || body.contains("\"allDeclaredConstructors\" : true");
            boolean members = body.contains("\"allDeclaredMethods\":true") || body.contains("\"allDeclaredFields\":true")
                    || body.contains("\"allPublicMethods\":true") || body.contains("\"allDeclaredMethods\" : true");
            if (constructors && members) {
                names.add(entry.group(1));
            }
        }
        return names;
    }

    private static String signature(MethodModel method) {
        return method.findAttribute(Attributes.signature()).map(s -> s.signature().stringValue()).orElse("");
    }

    private static Set<String> ourTypes(String descriptorOrSignature) {
        Set<String> types = new TreeSet<>();
        Matcher m = OUR_TYPE.matcher(descriptorOrSignature);
        while (m.find()) {
            types.add(m.group(1));
        }
        return types;
    }

    /** Our class literals in a method that calls Jackson (or our JSON helpers). */
    private static Set<String> jsonLiterals(CodeModel code, Map<String, ClassModel> ours) {
        boolean callsJackson = false;
        Set<String> literals = new TreeSet<>();
        for (var element : code) {
            if (element instanceof InvokeInstruction invoke
                    && JACKSON_OWNERS.contains(invoke.owner().asInternalName())) {
                callsJackson = true;
            } else if (element instanceof ConstantInstruction.LoadConstantInstruction load
                    && load.constantEntry() instanceof ClassEntry type
                    && type.asInternalName().startsWith(OURS) && ours.containsKey(type.asInternalName())) {
                literals.add(type.asInternalName());
            }
        }
        return callsJackson ? literals : Set.of();
    }

    private static boolean isInterfaceOrAbstract(ClassModel model) {
        int flags = model.flags().flagsMask();
        return (flags & (ClassFile.ACC_INTERFACE | ClassFile.ACC_ABSTRACT)) != 0 && !model.thisClass()
                .asInternalName().isEmpty() && (flags & ClassFile.ACC_ENUM) == 0;
    }

}
