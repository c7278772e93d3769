package jobproxy.admin.pages;

import jobproxy.admin.AdminRole;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.net.URI;

/**
 * The UI's pages. Each answers the same shell (no data in it: the script fetches /api), so a page can be bookmarked
 * and reloaded; the guard has already sent anyone not logged in to /login.
 */
@Requires(condition = AdminRole.class)
@Controller
public class PageController {
    private static final String SHELL = "admin-ui/index.html";

    @Get
    public HttpResponse<?> root() {
        return HttpResponse.seeOther(URI.create("/jobs"));
    }

    @Get(uris = {"/jobs", "/create", "/dashboard", "/locks", "/performers", "/maintenance"}, produces = MediaType.TEXT_HTML)
    public HttpResponse<String> page() {
        return HttpResponse.ok(Assets.text(SHELL)).contentType(MediaType.TEXT_HTML_TYPE);
    }

    @Get(value = "/jobs/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> job(String id) {
        return page();
    }
}
