package dev.orderflow.partners.bank;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/bank/faults}: read and change the bank's fault knobs ({@link BankChaos}) while it
 * runs, for demos and the e2e suite. Behind the simulation's admin key (psp.yaml), like the
 * provider's own knobs; no real bank has such a thing.
 */
@RestController
@RequestMapping("/admin/bank/faults")
class BankFaultController {

    private final BankChaos chaos;

    BankFaultController(BankChaos chaos) {
        this.chaos = chaos;
    }

    /** psp.yaml's BankFaultSettings. */
    record Knobs(
            @NotNull @Min(0) @Max(60_000) Integer latencyMillis,
            @NotNull @DecimalMin("0") @DecimalMax("1") Double faultRate,
            @NotNull @DecimalMin("0") @DecimalMax("1") Double lostResponseRate,
            @NotNull @Min(0) @Max(120_000) Integer lostResponseDelayMillis) {

        static Knobs of(BankChaos.Settings settings) {
            return new Knobs(
                    (int) settings.latency().toMillis(), settings.faultRate(), settings.lostResponseRate(), (int)
                            settings.lostResponseDelay().toMillis());
        }

        BankChaos.Settings settings() {
            return new BankChaos.Settings(
                    Duration.ofMillis(latencyMillis),
                    faultRate,
                    lostResponseRate,
                    Duration.ofMillis(lostResponseDelayMillis));
        }
    }

    @GetMapping
    Knobs get() {
        return Knobs.of(chaos.settings());
    }

    @PutMapping
    Knobs put(@Valid @RequestBody Knobs knobs) {
        chaos.change(knobs.settings());
        return Knobs.of(chaos.settings());
    }
}
