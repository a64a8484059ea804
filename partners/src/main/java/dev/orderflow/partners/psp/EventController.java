package dev.orderflow.partners.psp;

import dev.orderflow.defaults.InvalidInput;
import dev.orderflow.partners.psp.ApiKeySecurity.ApiKey;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The account's events, oldest first, by cursor: what a consumer reconciles from. */
@RestController
class EventController {

    private final PspEvents events;

    EventController(PspEvents events) {
        this.events = events;
    }

    record EventList(String object, String url, boolean hasMore, List<JsonNode> data) {}

    @GetMapping("/v1/events")
    EventList list(
            @RequestParam(name = "starting_after", required = false) String startingAfter,
            @RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit,
            ApiKey caller) {
        var page = events.page(caller.accountId(), startingAfter, limit)
                .orElseThrow(() -> new InvalidInput("starting_after", "is not an event of this account"));
        return new EventList("list", "/v1/events", page.hasMore(), page.events());
    }
}
