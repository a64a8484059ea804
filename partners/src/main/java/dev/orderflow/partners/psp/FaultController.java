package dev.orderflow.partners.psp;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /admin/faults}: read and change the fault knobs (admin key only). */
@RestController
@RequestMapping("/admin/faults")
class FaultController {

    private final Faults faults;

    FaultController(Faults faults) {
        this.faults = faults;
    }

    @GetMapping
    Faults.Settings get() {
        return faults.settings();
    }

    @PutMapping
    Faults.Settings put(@Valid @RequestBody Faults.Settings settings) {
        faults.change(settings);
        return faults.settings();
    }
}
