package com.refundpipeline.policy;

import java.util.Optional;

/** One check of the refund policy. It either decides the case, saying why, or lets the next rule look. */
public interface PolicyRule {

    Optional<Verdict> evaluate(PolicyInput input);
}
