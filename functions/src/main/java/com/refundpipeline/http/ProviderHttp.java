package com.refundpipeline.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** How we call a third party's API (Stripe, EasyPost): one HTTP client setting, in one place. */
public final class ProviderHttp {

    private ProviderHttp() {}

    /**
     * HTTP/1.1 (the providers' own SDKs use it, and it keeps a hung connection to one request), never following a
     * redirect: an API that answers 3xx is misconfigured, and a followed redirect could carry the key elsewhere.
     */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The API's base with a trailing slash, so relative paths resolve below it. */
    public static URI base(String apiBase) {
        return URI.create(apiBase.endsWith("/") ? apiBase : apiBase + "/");
    }
}
