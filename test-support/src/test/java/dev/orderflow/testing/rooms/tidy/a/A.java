package dev.orderflow.testing.rooms.tidy.a;

import dev.orderflow.testing.rooms.tidy.b.B;

public class A {
    B b;
}
