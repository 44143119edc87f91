package io.sfsync.emulator.model;

import java.util.Collection;

/** The sObject types an org knows, looked up by API name in any case. */
public interface Schema {
    /** The type with this API name, any case; null when there is none. */
    SObjectDef find(String name);

    /** All types, in describeGlobal order. */
    Collection<SObjectDef> all();
}
