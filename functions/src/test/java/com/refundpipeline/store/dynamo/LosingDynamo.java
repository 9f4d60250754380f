package com.refundpipeline.store.dynamo;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB client that, when {@code loseNextAnswer} is set, makes the next write twice and returns only the second
 * answer: the first write applied and its answer lost, then the SDK's repeat, as after a timeout or a dropped
 * connection (the chaos run's {@code dynamodb_timeout_after_write}).
 */
final class LosingDynamo {

    static final Set<String> WRITES = Set.of("putItem", "updateItem", "transactWriteItems");

    private LosingDynamo() {}

    static DynamoDbClient around(DynamoDbClient real, AtomicBoolean loseNextAnswer) {
        return (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    try {
                        if (WRITES.contains(method.getName()) && loseNextAnswer.compareAndSet(true, false)) {
                            method.invoke(real, args); // applied; the answer never reaches the caller
                        }
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
