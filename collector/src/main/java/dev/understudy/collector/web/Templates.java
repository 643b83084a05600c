package dev.understudy.collector.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/** The pages' jte templates (collector/src/main/jte), compiled at build time; content type HTML, so every output is escaped. */
final class Templates {
    private static final TemplateEngine ENGINE = engine();

    private Templates() {}

    static String render(String name, Map<String, Object> params) {
        StringOutput out = new StringOutput(8192);
        ENGINE.render(name, params, out);
        return out.toString();
    }

    private static TemplateEngine engine() {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(Templates.class.getClassLoader());
        try {
            return TemplateEngine.createPrecompiled(null, ContentType.Html, null, Templates.class.getPackageName());
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
