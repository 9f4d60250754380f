package com.refundpipeline.localstack.lambda.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A tiny function for testing the stack's Runtime API and process handling without the real functions. The
 * payload is a command: {@code echo:<text>}, {@code env:<NAME>}, {@code fail}, {@code exit:<status>},
 * {@code sleep:<millis>}, {@code pid}, {@code context}. It depends on aws-lambda-java-core only, which the runtime interface
 * client provides, as on Lambda.
 */
public class ScriptedHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String command = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        String answer;
        if (command.startsWith("echo:")) {
            answer = command.substring(5);
        } else if (command.startsWith("env:")) {
            answer = String.valueOf(System.getenv(command.substring(4)));
        } else if (command.equals("fail")) {
            throw new IllegalStateException("scripted failure");
        } else if (command.startsWith("exit:")) {
            System.out.println("exiting as asked");
            System.exit(Integer.parseInt(command.substring(5)));
            return;
        } else if (command.startsWith("sleep:")) {
            try {
                Thread.sleep(Long.parseLong(command.substring(6)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer = "slept";
        } else if (command.equals("pid")) {
            answer = Long.toString(ProcessHandle.current().pid());
        } else if (command.equals("context")) {
            answer = context.getAwsRequestId() + " " + context.getInvokedFunctionArn() + " "
                    + context.getFunctionName() + " " + context.getMemoryLimitInMB() + " "
                    + (context.getRemainingTimeInMillis() > 0);
        } else {
            answer = "unknown command " + command;
        }
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }
}
