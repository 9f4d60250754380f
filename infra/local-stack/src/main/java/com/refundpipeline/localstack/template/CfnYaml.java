package com.refundpipeline.localstack.template;

import java.io.IOException;
import java.io.Reader;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads CloudFormation YAML into plain maps and lists. The short tags ({@code !Ref X}, {@code !GetAtt X.Arn},
 * {@code !Sub ...}) become the long forms CloudFormation defines ({@code {Ref: X}}, {@code {Fn::GetAtt: [X, Arn]}},
 * {@code {Fn::Sub: ...}}), so the rest of the reader handles one shape only.
 */
public final class CfnYaml {

    /** Short tags CloudFormation accepts; all but Ref and Condition are Fn:: functions. */
    private static final Set<String> SHORT_TAGS = Set.of(
            "Ref",
            "Condition",
            "GetAtt",
            "Sub",
            "Join",
            "Select",
            "Split",
            "If",
            "Equals",
            "Not",
            "And",
            "Or",
            "FindInMap",
            "Base64",
            "Cidr",
            "GetAZs",
            "ImportValue",
            "Transform",
            "ToJsonString",
            "Length");

    private CfnYaml() {}

    public static Map<String, Object> load(Reader reader, String sourceName) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new CfnConstructor(options));
        Object document;
        try (reader) {
            document = yaml.load(reader);
        } catch (YAMLException e) {
            throw new TemplateException(sourceName + " is not valid CloudFormation YAML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TemplateException("cannot read " + sourceName + ": " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new TemplateException(sourceName + " must be a YAML mapping at the top level");
        }
        rejectCycles(
                map,
                sourceName,
                Collections.newSetFromMap(new IdentityHashMap<>()),
                Collections.newSetFromMap(new IdentityHashMap<>()));
        @SuppressWarnings("unchecked")
        Map<String, Object> top = (Map<String, Object>) map;
        return top;
    }

    /**
     * YAML lets an alias name a node that contains it ({@code a: &x {b: *x}}); SnakeYAML builds that as a map inside
     * itself, which no CloudFormation value is and which the reader would walk forever. Refused here, once per node.
     *
     * @param path the maps and lists from the top down to {@code value}, by identity
     * @param done the identities of maps and lists already walked, so that a node shared by aliases is walked once
     */
    private static void rejectCycles(Object value, String sourceName, Set<Object> path, Set<Object> done) {
        if (!(value instanceof Map || value instanceof List) || done.contains(value)) {
            return;
        }
        if (!path.add(value)) {
            throw new TemplateException(sourceName + ": a YAML alias names a node that contains it");
        }
        Iterable<?> children = value instanceof Map<?, ?> m ? m.values() : (List<?>) value;
        for (Object child : children) {
            rejectCycles(child, sourceName, path, done);
        }
        path.remove(value);
        done.add(value);
    }

    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor(LoaderOptions options) {
            super(options);
            for (String name : SHORT_TAGS) {
                String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                yamlConstructors.put(new Tag("!" + name), new ShortForm(key, name.equals("GetAtt")));
            }
        }

        private final class ShortForm extends AbstractConstruct {
            private final String key;
            private final boolean getAtt;

            ShortForm(String key, boolean getAtt) {
                this.key = key;
                this.getAtt = getAtt;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    // !GetAtt Resource.Attribute is the short form of [Resource, Attribute]; the attribute may
                    // itself contain dots (Endpoint.Address), so split at the first one only.
                    if (getAtt) {
                        int dot = text.indexOf('.');
                        value = dot < 0 ? List.of(text) : List.of(text.substring(0, dot), text.substring(dot + 1));
                    } else {
                        value = text;
                    }
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> longForm = new LinkedHashMap<>();
                longForm.put(key, value);
                return longForm;
            }
        }
    }
}
