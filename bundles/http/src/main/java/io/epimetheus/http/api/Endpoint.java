package io.epimetheus.http.api;

import java.io.IOException;
import javax.servlet.http.HttpServletResponse;

/**
 * One API route. It validates and computes everything that can fail before writing, then streams
 * its success answer; failures are thrown as {@link ApiException} and written by the servlet.
 */
@FunctionalInterface
interface Endpoint {

    void serve(ApiCall call, HttpServletResponse resp) throws ApiException, IOException;
}
