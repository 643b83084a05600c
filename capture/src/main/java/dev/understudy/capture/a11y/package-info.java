/**
 * The accessibility source on Linux: grounding clicks and keyboard focus in the AT-SPI tree, read
 * over D-Bus with a time limit per call. {@link dev.understudy.capture.a11y.AccessibilitySource} is
 * what the recorder uses; {@link dev.understudy.capture.a11y.AccessibilityBus} finds and enables the
 * bus; {@link dev.understudy.capture.a11y.ReadPermission} is the recorder's policy.
 */
package dev.understudy.capture.a11y;
