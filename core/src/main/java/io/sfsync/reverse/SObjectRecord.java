package io.sfsync.reverse;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.component.salesforce.api.dto.AbstractDescribedSObjectBase;
import org.apache.camel.component.salesforce.api.dto.Attributes;
import org.apache.camel.component.salesforce.api.dto.SObjectDescription;

/**
 * One record of an sObject Collections request, its fields given by name: camel-salesforce's collection operations
 * take sObject DTOs, and sfsync has no generated ones (it writes whatever columns the source has). camel-salesforce's
 * mapper writes the {@code attributes} (type), then each value, nulls included (a JSON null empties the field).
 */
public final class SObjectRecord extends AbstractDescribedSObjectBase {
    private static final long serialVersionUID = 1L;
    private final LinkedHashMap<String, Object> values;

    public SObjectRecord(String sobject, Map<String, Object> values) {
        Attributes attributes = new Attributes();
        attributes.setType(sobject);
        setAttributes(attributes);
        this.values = new LinkedHashMap<>(values);
    }

    /** The field values, by API name. */
    @JsonAnyGetter
    public Map<String, Object> values() {
        return values;
    }

    /** Not generated from a describe: nothing to give (camel-salesforce's collection operations do not ask). */
    @Override
    @JsonIgnore
    public SObjectDescription description() {
        return null;
    }
}
