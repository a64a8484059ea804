/**
 * What every Orderflow service shares, applied by auto-configuration: problem+json errors,
 * correlation ids, the body cap, resource-server defaults. Domain knowledge stays in the services.
 */
package dev.orderflow.defaults;
