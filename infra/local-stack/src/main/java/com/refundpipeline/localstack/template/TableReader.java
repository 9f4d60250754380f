package com.refundpipeline.localstack.template;

import com.refundpipeline.localstack.template.StackTemplate.Index;
import com.refundpipeline.localstack.template.StackTemplate.KeyElement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An AWS::DynamoDB::Table resource: keys, indexes, billing mode and TTL, checked as DynamoDB would. */
final class TableReader {

    private final LocalEndpoints endpoints;

    TableReader(LocalEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    StackTemplate.Table read(String id, Resources resources, Intrinsics intrinsics) {
        String where = "Resources." + id + ".Properties";
        Props p = new Props(intrinsics.resolve(resources.properties(id), where), where);
        String name = resources.physicalName(id, intrinsics);

        Map<String, String> attributeTypes = new LinkedHashMap<>();
        List<?> definitions = p.requiredList("AttributeDefinitions");
        for (int i = 0; i < definitions.size(); i++) {
            Props d = p.item(definitions, i, "AttributeDefinitions");
            String type = d.requiredString("AttributeType");
            if (!Set.of("S", "N", "B").contains(type)) {
                throw new TemplateException(d.where + ".AttributeType: '" + type + "' is not S, N or B");
            }
            attributeTypes.put(d.requiredString("AttributeName"), type);
        }
        List<KeyElement> keySchema = keySchema(p, "KeySchema", attributeTypes);
        Set<String> used = new HashSet<>();
        keySchema.forEach(k -> used.add(k.attributeName()));

        List<Index> gsis = indexes(p, "GlobalSecondaryIndexes", attributeTypes, used);
        List<Index> lsis = indexes(p, "LocalSecondaryIndexes", attributeTypes, used);
        for (Index lsi : lsis) {
            if (!lsi.keySchema().get(0).attributeName().equals(keySchema.get(0).attributeName())) {
                throw new TemplateException(where + ".LocalSecondaryIndexes." + lsi.name()
                        + ": a local index must share the table's HASH key");
            }
        }
        for (String attribute : attributeTypes.keySet()) {
            if (!used.contains(attribute)) {
                throw new TemplateException(where + ".AttributeDefinitions: " + attribute
                        + " is defined but used by no key schema (DynamoDB refuses that)");
            }
        }

        String billingMode = p.optionalString("BillingMode").orElse("PROVISIONED");
        Long read = null;
        Long write = null;
        if (billingMode.equals("PROVISIONED")) {
            Props throughput = p.requiredMap("ProvisionedThroughput");
            read = capacityUnits(throughput, "ReadCapacityUnits");
            write = capacityUnits(throughput, "WriteCapacityUnits");
        } else if (!billingMode.equals("PAY_PER_REQUEST")) {
            throw new TemplateException(
                    where + ".BillingMode: '" + billingMode + "' is not PAY_PER_REQUEST or PROVISIONED");
        }
        String ttl = null;
        Optional<Props> ttlSpec = p.optionalMap("TimeToLiveSpecification");
        if (ttlSpec.isPresent()
                && !"false".equals(ttlSpec.get().optionalString("Enabled").orElse("true"))) {
            ttl = ttlSpec.get().requiredString("AttributeName");
        }
        return new StackTemplate.Table(
                id,
                name,
                endpoints.tableArn(name),
                attributeTypes,
                keySchema,
                gsis,
                lsis,
                billingMode,
                read,
                write,
                ttl);
    }

    /** A provisioned capacity: a whole number of units, at least 1, as DynamoDB takes it. */
    static long capacityUnits(Props throughput, String key) {
        String units = throughput.requiredString(key);
        try {
            long n = Long.parseLong(units);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, with the value
        }
        throw new TemplateException(
                throughput.where + "." + key + ": '" + units + "' is not a whole number of units" + " from 1");
    }

    static List<KeyElement> keySchema(Props p, String property, Map<String, String> attributeTypes) {
        List<?> raw = p.requiredList(property);
        List<KeyElement> keys = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Props k = p.item(raw, i, property);
            String attribute = k.requiredString("AttributeName");
            String keyType = k.requiredString("KeyType");
            if (!keyType.equals(i == 0 ? "HASH" : "RANGE")) {
                throw new TemplateException(
                        k.where + ".KeyType: expected " + (i == 0 ? "HASH" : "RANGE") + ", found " + keyType);
            }
            if (!attributeTypes.containsKey(attribute)) {
                throw new TemplateException(
                        k.where + ": key attribute " + attribute + " is missing from AttributeDefinitions");
            }
            keys.add(new KeyElement(attribute, keyType));
        }
        if (keys.isEmpty() || keys.size() > 2) {
            throw new TemplateException(p.where + "." + property + ": a key schema has a HASH and at most a RANGE key");
        }
        return List.copyOf(keys);
    }

    static List<Index> indexes(Props p, String property, Map<String, String> attributeTypes, Set<String> used) {
        List<Index> out = new ArrayList<>();
        List<?> raw = p.optionalList(property);
        for (int i = 0; i < raw.size(); i++) {
            Props index = p.item(raw, i, property);
            List<KeyElement> keys = keySchema(index, "KeySchema", attributeTypes);
            keys.forEach(k -> used.add(k.attributeName()));
            Props projection = index.requiredMap("Projection");
            String type = projection.optionalString("ProjectionType").orElse("KEYS_ONLY");
            if (!Set.of("ALL", "KEYS_ONLY", "INCLUDE").contains(type)) {
                throw new TemplateException(
                        projection.where + ".ProjectionType: '" + type + "' is not ALL, KEYS_ONLY or INCLUDE");
            }
            List<String> nonKey = projection.optionalList("NonKeyAttributes").stream()
                    .map(String::valueOf)
                    .toList();
            out.add(new Index(index.requiredString("IndexName"), keys, type, nonKey));
        }
        return List.copyOf(out);
    }
}
