package io.sfsync.example.springboot;

import io.sfsync.app.SfsyncConfiguration;

import org.apache.camel.CamelContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A Spring Boot estate that adds sfsync: everything else is in application.yaml and camel/*.yaml. */
@SpringBootApplication
public class EstateApplication {

    public static void main(String[] args) {
        SpringApplication.run(EstateApplication.class, args);
    }

    /**
     * sfsync's beans, warehouse, component and defaults, added to the CamelContext as soon as it exists: before the
     * routes are read (sfsync's route files create beans from its properties). camel-main applies it from
     * camel.main.configuration-classes; camel-spring-boot has no such key, so this is the one piece of Java.
     */
    @Bean
    SfsyncConfiguration sfsync(CamelContext camelContext) {
        SfsyncConfiguration sfsync = new SfsyncConfiguration();
        sfsync.configure(camelContext);
        return sfsync;
    }
}
