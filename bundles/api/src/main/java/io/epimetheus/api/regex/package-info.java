/**
 * Regular expressions with RE2 syntax and semantics as Prometheus uses them (label matchers,
 * relabeling, {@code label_replace}), implemented over {@code java.util.regex}: expressions RE2
 * rejects are rejected with Go's message, and Go's {@code $1}/{@code ${name}} templates expand as in
 * Go. One implementation serves every bundle.
 */
@Export
@Version("1.0.0")
package io.epimetheus.api.regex;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
