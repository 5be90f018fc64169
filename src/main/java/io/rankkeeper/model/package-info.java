/**
 * Records and enums shared by every stage of the pipeline. Depends on nothing but the JDK.
 */
package io.rankkeeper.model;
