package dev.orderflow.testing.rooms.tidy.b;

import dev.orderflow.testing.rooms.tidy.b.internal.Detail;

public class B {
    Detail detail;
}
