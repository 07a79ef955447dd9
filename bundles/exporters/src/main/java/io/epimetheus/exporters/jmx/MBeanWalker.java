package io.epimetheus.exporters.jmx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularType;

/**
 * Walks the readable attributes of the MBeans selected by include/exclude patterns and hands each
 * leaf value to a {@link Receiver}, the way jmx_exporter's scraper does: composite values descend
 * with their keys, tabular rows turn their index columns into bean properties.
 */
final class MBeanWalker {

    /** Receives one attribute value (a Number, Boolean or String; others are skipped by the caller). */
    interface Receiver {
        void record(String domain, LinkedHashMap<String, String> beanProperties, List<String> attrKeys, String attrName,
                String description, Object value);
    }

    private final MBeanServer server;

    MBeanWalker(MBeanServer server) {
        this.server = server;
    }

    void walk(List<ObjectName> include, List<ObjectName> exclude, Receiver receiver) throws JMException {
        Set<ObjectName> names = new LinkedHashSet<>();
        if (include.isEmpty()) {
            names.addAll(server.queryNames(null, null));
        } else {
            for (ObjectName pattern : include) {
                names.addAll(server.queryNames(pattern, null));
            }
        }
        for (ObjectName pattern : exclude) {
            names.removeAll(server.queryNames(pattern, null));
        }
        for (ObjectName name : names) {
            bean(name, receiver);
        }
    }

    private void bean(ObjectName name, Receiver receiver) {
        MBeanAttributeInfo[] infos;
        try {
            infos = server.getMBeanInfo(name).getAttributes();
        } catch (JMException | RuntimeException e) {
            return; // unregistered meanwhile, or a broken MBean: jmx_exporter skips it too
        }
        List<String> readable = new ArrayList<>();
        Map<String, MBeanAttributeInfo> byName = new LinkedHashMap<>();
        for (MBeanAttributeInfo info : infos) {
            if (info.isReadable()) {
                readable.add(info.getName());
                byName.put(info.getName(), info);
            }
        }
        if (readable.isEmpty()) {
            return;
        }
        AttributeList values;
        try {
            values = server.getAttributes(name, readable.toArray(new String[0]));
        } catch (JMException | RuntimeException e) {
            return;
        }
        LinkedHashMap<String, String> properties = keyProperties(name.getKeyPropertyListString());
        for (Attribute a : values.asList()) {
            MBeanAttributeInfo info = byName.get(a.getName());
            value(name.getDomain(), properties, new ArrayList<>(), a.getName(),
                    info == null ? "" : info.getDescription(), a.getValue(), receiver);
        }
    }

    private static void value(String domain, LinkedHashMap<String, String> properties, List<String> attrKeys, String attrName,
            String description, Object value, Receiver receiver) {
        if (value == null) {
            return;
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            receiver.record(domain, properties, attrKeys, attrName, description, value);
        } else if (value instanceof CompositeData) {
            CompositeData composite = (CompositeData) value;
            CompositeType type = composite.getCompositeType();
            List<String> keys = new ArrayList<>(attrKeys);
            keys.add(attrName);
            for (String key : type.keySet()) {
                value(domain, properties, keys, key, description, composite.get(key), receiver);
            }
        } else if (value instanceof TabularData) {
            TabularData table = (TabularData) value;
            TabularType type = table.getTabularType();
            List<String> index = type.getIndexNames();
            List<String> keys = new ArrayList<>(attrKeys);
            keys.add(attrName);
            for (Object row : table.values()) {
                CompositeData data = (CompositeData) row;
                LinkedHashMap<String, String> rowProperties = new LinkedHashMap<>(properties);
                for (String column : index) {
                    rowProperties.put(column, String.valueOf(data.get(column)));
                }
                for (String column : type.getRowType().keySet()) {
                    if (!index.contains(column)) {
                        value(domain, rowProperties, keys, column, description, data.get(column), receiver);
                    }
                }
            }
        }
    }

    /** The key properties in their registration order ({@code type=Memory,name="a,b"}). */
    static LinkedHashMap<String, String> keyProperties(String list) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = list.length();
        while (i < n) {
            int eq = list.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = list.substring(i, eq);
            int j = eq + 1;
            if (j < n && list.charAt(j) == '"') {
                j++;
                while (j < n && list.charAt(j) != '"') {
                    j += list.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, n);
            } else {
                while (j < n && list.charAt(j) != ',') {
                    j++;
                }
            }
            out.put(key, list.substring(eq + 1, j));
            i = j + 1;
        }
        return out;
    }
}
