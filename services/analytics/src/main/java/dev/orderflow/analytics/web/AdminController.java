package dev.orderflow.analytics.web;

import dev.orderflow.analytics.readmodel.Rebuild;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /admin/read-model/rebuild}: the read model dropped and rebuilt from the topic (scope analytics:admin). */
@RestController
class AdminController {

    private final Rebuild rebuild;

    AdminController(Rebuild rebuild) {
        this.rebuild = rebuild;
    }

    @PostMapping("/admin/read-model/rebuild")
    Rebuild.Result rebuild() {
        return rebuild.run();
    }
}
