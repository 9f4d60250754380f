package com.refundpipeline.archfixture.funqy.submit;

import io.quarkus.funqy.Funq;

/** Breaks the function-adapter boundary: an application service exposed as a Funqy function. */
public class RefundDesk {

    @Funq("submit-refund")
    public String submit(String body) {
        return body;
    }
}
