package com.refundpipeline.store;

import java.util.List;

/** The outbox of customer and operations messages. */
public interface NotificationOutbox {

    /** Records the message unless one with the same id exists; true when this call recorded it. */
    boolean record(Notification notification);

    List<Notification> forCase(String caseId);
}
