package dev.orderflow.analytics.web;

import graphql.scalars.ExtendedScalars;
import graphql.schema.idl.RuntimeWiring;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/** The schema's DateTime (RFC 3339), Date (ISO 8601) and Long scalars, from graphql-java-extended-scalars. */
@Component
class Scalars implements RuntimeWiringConfigurer {

    @Override
    public void configure(RuntimeWiring.Builder wiring) {
        wiring.scalar(ExtendedScalars.DateTime).scalar(ExtendedScalars.Date).scalar(ExtendedScalars.GraphQLLong);
    }
}
