package dev.understudy.export;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The module's jte templates ({@code src/main/jte}), compiled into classes of this package at build
 * time by jte-maven-plugin, so rendering needs no compiler. Content type HTML: every {@code ${...}}
 * is escaped for where it stands (text, attribute, script); nothing is written raw.
 */
final class HtmlTemplates {
    private static final TemplateEngine ENGINE = engine();

    private HtmlTemplates() {}

    /** Renders {@code name} (e.g. "viewer.jte") with these parameters. */
    static String render(String name, Map<String, Object> params, int sizeHint) {
        StringOutput out = new StringOutput(Math.max(1024, sizeHint));
        ENGINE.render(name, params, out);
        return out.toString();
    }

    private static TemplateEngine engine() {
        // Without a class directory jte loads the template classes through the context class loader:
        // make that this module's loader while the engine is built (Spark and servers set their own).
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(HtmlTemplates.class.getClassLoader());
        try {
            return TemplateEngine.createPrecompiled(null, ContentType.Html, null, HtmlTemplates.class.getPackageName());
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
