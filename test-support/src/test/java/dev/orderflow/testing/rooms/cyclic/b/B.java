package dev.orderflow.testing.rooms.cyclic.b;

import dev.orderflow.testing.rooms.cyclic.a.A;

public class B {
    A a;
}
