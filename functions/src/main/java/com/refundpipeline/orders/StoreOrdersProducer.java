package com.refundpipeline.orders;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.orders.eventbridge.EventBridgeStoreOrders;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The store's order system through the bus REFUNDS_STORE_EVENT_BUS names, or not connected without one. */
public class StoreOrdersProducer {

    @Produces
    @Singleton
    StoreOrders storeOrders(PipelineConfig config) {
        PipelineConfig.Store store = config.store();
        if (store.eventBus().filter(b -> !b.isBlank()).isEmpty()) {
            return new StoreOrders() {
                @Override
                public void publish(StoreEvent event) {
                    throw new IllegalStateException("REFUNDS_STORE_EVENT_BUS is not set for this function; cannot"
                            + " publish " + event.detailType() + " " + event.eventId());
                }

                @Override
                public boolean connected() {
                    return false;
                }
            };
        }
        return new EventBridgeStoreOrders(store.eventBus().get(), store.eventsEndpoint());
    }
}
