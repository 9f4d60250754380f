package com.refundpipeline.fuzz;

import com.refundpipeline.testing.LocalAws;
import java.util.Map;
import java.util.TreeMap;

/** What a refused request must leave untouched: the item count of every table and every message ever queued. */
public record StateSnapshot(Map<String, Integer> items, long messages) {

    public static StateSnapshot take(LocalAws aws) {
        Map<String, Integer> items = new TreeMap<>();
        for (String table : aws.dynamo().listTables().tableNames()) {
            items.put(
                    table,
                    aws.dynamo()
                            .scan(s -> s.tableName(table).consistentRead(true))
                            .count());
        }
        long messages = 0;
        for (String queue : aws.sqs().listQueues().queueUrls()) {
            messages += aws.messagesWaiting(queue);
        }
        return new StateSnapshot(items, messages);
    }
}
