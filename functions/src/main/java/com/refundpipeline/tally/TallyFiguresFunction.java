package com.refundpipeline.tally;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.figures.FiguresTally;
import io.quarkus.funqy.Funq;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * tally-figures, fed by the cases table's stream (NEW_AND_OLD_IMAGES). Funqy hands each stream record here; an
 * exception reports its sequence number in batchItemFailures, and Lambda retries the batch from there. Every
 * contribution is counted once however often a record comes (see {@link FiguresTally}).
 */
public class TallyFiguresFunction {

    private static final Logger LOG = Logger.getLogger(TallyFiguresFunction.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final FiguresTally tally;

    public TallyFiguresFunction(FiguresTally tally) {
        this.tally = tally;
    }

    @Funq("tally-figures")
    public void tallyFigures(DynamodbEvent.DynamodbStreamRecord record) {
        var stream = record.getDynamodb();
        FiguresTally.Change change = new FiguresTally.Change(
                record.getEventName(),
                stream.getSequenceNumber(),
                image(stream.getOldImage()),
                image(stream.getNewImage()));
        String caseId = caseId(change);
        if (caseId != null) {
            MDC.put("case_id", caseId);
        }
        try {
            FiguresTally.Outcome outcome = tally.count(change);
            LOG.debugf("stream record %s (%s): %s", stream.getSequenceNumber(), record.getEventName(), outcome);
        } finally {
            MDC.remove("case_id");
        }
    }

    private static String caseId(FiguresTally.Change change) {
        JsonNode image = change.newImage() != null ? change.newImage() : change.oldImage();
        return image == null ? null : image.path("case_id").path("S").asText(null);
    }

    /** The image in DynamoDB JSON, as the stream wrote it; null when the record has none. */
    static JsonNode image(Map<String, AttributeValue> image) {
        if (image == null) {
            return null;
        }
        ObjectNode item = NODES.objectNode();
        image.forEach((name, value) -> item.set(name, value(value)));
        return item;
    }

    private static JsonNode value(AttributeValue v) {
        ObjectNode node = NODES.objectNode();
        if (v.getS() != null) {
            node.put("S", v.getS());
        } else if (v.getN() != null) {
            node.put("N", v.getN());
        } else if (v.getBOOL() != null) {
            node.put("BOOL", v.getBOOL());
        } else if (v.getNULL() != null) {
            node.put("NULL", true);
        } else if (v.getB() != null) {
            node.put("B", base64(v.getB()));
        } else if (v.getM() != null) {
            node.set("M", image(v.getM()));
        } else if (v.getL() != null) {
            ArrayNode list = node.putArray("L");
            v.getL().forEach(e -> list.add(value(e)));
        } else if (v.getSS() != null) {
            strings(node.putArray("SS"), v.getSS());
        } else if (v.getNS() != null) {
            strings(node.putArray("NS"), v.getNS());
        } else if (v.getBS() != null) {
            ArrayNode set = node.putArray("BS");
            v.getBS().forEach(b -> set.add(base64(b)));
        }
        return node;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String base64(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
