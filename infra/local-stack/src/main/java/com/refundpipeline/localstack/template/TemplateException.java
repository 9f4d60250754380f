package com.refundpipeline.localstack.template;

/** The template cannot be run as written; the message names the resource and property at fault. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
