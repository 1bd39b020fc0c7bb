/**
 * The Allure adapter of the reporter port: result files with one step per drill step, objectives and failure
 * windows as parameters, and the single-file HTML report rendered with the Allure command line.
 *
 * <p>May depend on: the root package, {@code measure}, {@code report}, Allure.
 */
package dev.firedrill.report.allure;
