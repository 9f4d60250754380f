package com.refundpipeline.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.store.CaseFollowUps.CaseWithFeedback;
import java.util.Optional;

/** Reads a case from a change stream's image of its item (DynamoDB JSON: {"status": {"S": "paid"}, ...}). */
public interface CaseImages {

    /** The case and its answer; empty when the image is not a case item (or there is no image). */
    Optional<CaseWithFeedback> read(JsonNode image);
}
