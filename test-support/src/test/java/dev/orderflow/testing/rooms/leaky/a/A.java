package dev.orderflow.testing.rooms.leaky.a;

import dev.orderflow.testing.rooms.leaky.b.internal.Detail;

public class A {
    Detail detail;
}
