package com.refundpipeline.localstack;

import com.refundpipeline.localstack.console.ConsoleSite;
import com.refundpipeline.localstack.console.LocalSignIn;
import com.refundpipeline.localstack.events.FunctionUrlGateway;
import com.refundpipeline.localstack.lambda.LocalFunction;
import com.refundpipeline.localstack.template.StackTemplate;
import java.time.Clock;
import java.util.List;

/**
 * Puts the support console on the gateway when the template has a function behind an HTTP API with a JWT
 * authorizer (review-case): the console at {@code /console/}, the LOCAL sign-in for the people that function is
 * configured with, and the token check in front of the function.
 */
final class LocalConsole {

    private LocalConsole() {}

    static void attach(FunctionUrlGateway gateway, StackTemplate template, List<LocalFunction> functions) {
        LocalFunction api = functions.stream()
                .filter(f -> f.spec()
                        .url()
                        .map(u -> u.authType().equals(StackTemplate.FunctionUrl.JWT))
                        .orElse(false))
                .findFirst()
                .orElse(null);
        if (api == null) {
            return;
        }
        String base = "http://localhost:" + gateway.port();
        LocalSignIn signIn = new LocalSignIn(
                base + "/console/local-sign-in",
                LocalSignIn.parse(api.spec().environment().get("REFUNDS_REVIEW_REVIEWERS")),
                Clock.systemUTC());
        gateway.console(
                new ConsoleSite(signIn, "/" + api.name(), template.parameters().get("ConsoleImageSources")), signIn);
        Console.info("console at " + base + "/console/ (LOCAL sign-in: "
                + signIn.people().size() + " people)");
    }
}
