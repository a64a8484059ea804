package dev.orderflow.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final DeliveryProperties properties = new DeliveryProperties(
            List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(24)),
            0.2,
            Duration.ofHours(24),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            4,
            64,
            4096,
            Duration.ofDays(5),
            Duration.ofMillis(250),
            Duration.ofSeconds(30),
            Duration.ofDays(30));

    @Test
    void waitsTheScheduleScaledByJitterWithinItsBounds() {
        var lowest = new RetrySchedule(properties, () -> 0.0);
        var highest = new RetrySchedule(properties, () -> 0.999_999);

        assertThat(lowest.next(1, Optional.empty())).contains(Duration.ofSeconds(4));
        assertThat(highest.next(1, Optional.empty())).contains(Duration.ofSeconds(6));
        assertThat(lowest.next(2, Optional.empty())).contains(Duration.ofMinutes(4));
    }

    @Test
    void takesTheLongerOfTheScheduleAndRetryAfterCappedAtTheMaximum() {
        var schedule = new RetrySchedule(properties, () -> 0.5);

        assertThat(schedule.next(1, Optional.of(Duration.ofSeconds(120)))).contains(Duration.ofSeconds(120));
        assertThat(schedule.next(2, Optional.of(Duration.ofSeconds(1)))).contains(Duration.ofMinutes(5));
        assertThat(schedule.next(1, Optional.of(Duration.ofDays(30)))).contains(Duration.ofHours(24));
    }

    @Test
    void endsWhenTheScheduleIsUsedUp() {
        var schedule = new RetrySchedule(properties, () -> 0.5);

        assertThat(schedule.next(3, Optional.empty())).contains(Duration.ofHours(24));
        assertThat(schedule.next(4, Optional.empty())).isEmpty();
    }
}
